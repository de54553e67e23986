using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WeightInit.BrowserTests;

/// <summary>What the probe measured in one view of the page.</summary>
/// <param name="View">The view's name: <c>desktop</c>, <c>phone</c>, or <c>zoom</c> (desktop with a figure clicked, i.e. its id in the URL).</param>
/// <param name="Width">The view's width in CSS pixels (<c>window.innerWidth</c>).</param>
/// <param name="ScrollWidth">The page's scroll width: above <paramref name="Width"/> when the page scrolls sideways.</param>
/// <param name="Errors">Errors seen in the page: <c>console.error</c> calls, uncaught exceptions, resources that failed to load.</param>
/// <param name="Resources">Every resource the page requested (performance entries).</param>
/// <param name="Figures">Each <c>figure</c>'s drawing and its rendered size.</param>
/// <param name="Tables">Each table's cell texts, with the id of the section it is in.</param>
/// <param name="Text">The page's visible text (<c>innerText</c>).</param>
internal sealed record ProbeView(
    string View, double Width, double ScrollWidth, IReadOnlyList<string> Errors, IReadOnlyList<string> Resources,
    IReadOnlyList<ProbeFigure> Figures, IReadOnlyList<ProbeTable> Tables, string Text);

/// <summary>A figure: its id, the tag of its drawing (<c>svg</c>, <c>img</c> or empty), the drawing's rendered size and the figure's CSS position.</summary>
internal sealed record ProbeFigure(string Id, string Tag, double Width, double Height, string Position);

/// <summary>A table's rows of cell texts (header row first) and the id of the <c>h2</c> before it.</summary>
internal sealed record ProbeTable(string Section, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>Everything one browser run saw: each view's measurements and the console lines Chromium logged.</summary>
internal sealed record ProbeResult(IReadOnlyList<ProbeView> Views, IReadOnlyList<string> ConsoleLines)
{
    public ProbeView View(string name) => Views.SingleOrDefault(v => v.View == name)
        ?? throw new InvalidOperationException($"the probe reported no '{name}' view; it reported: {string.Join(", ", Views.Select(v => v.View))}.");
}

/// <summary>
/// Measures a page in headless Chromium without touching the page under test: a test-only copy gets a small script
/// as the first element of its <c>head</c> (so it sees every later error) that records errors, and after load the
/// figures' sizes, the tables, the text and the resources requested, and posts them to a wrapper page. The wrapper
/// shows the copy in frames 1280 and 360 CSS pixels wide (headless windows are at least 500 wide, a phone is not),
/// and once more at 1280 with a figure's id in the URL, as a click on it does; it writes each report into its own
/// DOM, which <c>--dump-dom</c> prints.
/// </summary>
internal static partial class PageProbe
{
    private const string Script = """
        (function () {
          var errors = [];
          window.addEventListener('error', function (e) {
            var t = e.target;
            errors.push(e.message ? 'uncaught: ' + e.message : 'failed to load: ' + (t && (t.src || t.href || t.tagName)));
          }, true);
          window.addEventListener('unhandledrejection', function (e) { errors.push('unhandled rejection: ' + e.reason); });
          var original = console.error;
          console.error = function () { errors.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); };
          function section(el) {
            var h = null, all = document.querySelectorAll('h2');
            for (var i = 0; i < all.length; i++) {
              if (all[i].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) { h = all[i]; }
            }
            return h ? h.id : '';
          }
          window.addEventListener('load', function () {
            var figures = Array.prototype.map.call(document.querySelectorAll('figure'), function (f) {
              var d = f.querySelector('svg, img'), r = d ? d.getBoundingClientRect() : { width: 0, height: 0 };
              return { id: f.id, tag: d ? d.tagName.toLowerCase() : '', width: r.width, height: r.height, position: getComputedStyle(f).position };
            });
            var tables = Array.prototype.map.call(document.querySelectorAll('table'), function (t) {
              return { section: section(t), rows: Array.prototype.map.call(t.rows, function (r) {
                return Array.prototype.map.call(r.cells, function (c) { return c.innerText; }); }) };
            });
            var report = { view: new URLSearchParams(location.search).get('view') || 'page', width: window.innerWidth,
              scrollWidth: document.documentElement.scrollWidth, errors: errors,
              resources: performance.getEntriesByType('resource').map(function (e) { return e.name; }),
              figures: figures, tables: tables, text: document.body.innerText };
            window.parent.postMessage(JSON.stringify(report), '*');
          });
        })();
        """;

    private const string Wrapper = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><script>
        window.addEventListener('message', function (e) {
          var pre = document.createElement('pre'); pre.className = 'probe'; pre.textContent = e.data; document.body.appendChild(pre);
        });
        </script></head><body>
        <iframe src="probed.html?view=phone" style="width:360px;height:740px"></iframe>
        <iframe src="probed.html?view=desktop" style="width:1280px;height:740px"></iframe>
        <iframe src="probed.html?view=zoom#fig-q5-3-training-loss-tanh" style="width:1280px;height:740px"></iframe>
        </body></html>
        """;

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Probes <paramref name="html"/> (the page's text) in a temporary folder, with <paramref name="inject"/> added at the end of its body.</summary>
    public static ProbeResult Run(string html, string inject = "")
    {
        int head = html.IndexOf("<head>", StringComparison.Ordinal);
        if (head < 0)
        {
            throw new ArgumentException("the page has no <head> to put the probe in; expected an HTML document.", nameof(html));
        }

        string probed = html.Insert(head + "<head>".Length, $"\n<script>{Script}</script>");
        int body = probed.LastIndexOf("</body>", StringComparison.Ordinal);
        probed = probed.Insert(body < 0 ? probed.Length : body, inject);
        string folder = Directory.CreateTempSubdirectory("weightinit-probe-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "probed.html"), probed);
            File.WriteAllText(Path.Combine(folder, "wrapper.html"), Wrapper);
            var (dom, console) = HeadlessChromium.DumpDom(Path.Combine(folder, "wrapper.html"), 1400, 900);
            var views = ProbeBlock().Matches(dom)
                .Select(m => JsonSerializer.Deserialize<ProbeView>(WebUtility.HtmlDecode(m.Groups[1].Value), Json)!)
                .ToArray();
            return new ProbeResult(views, console);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex("""<pre class="probe">(.*?)</pre>""", RegexOptions.Singleline)]
    private static partial Regex ProbeBlock();
}
