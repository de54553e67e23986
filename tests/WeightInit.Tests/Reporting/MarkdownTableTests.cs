using WeightInit.Experiments.Reporting;

namespace WeightInit.Tests.Reporting;

public class MarkdownTableTests
{
    [Theory]
    [InlineData(0.0943, "0.0943")]
    [InlineData(5.95e-05, "5.95e-05")]
    [InlineData(0.36124, "0.361")]
    [InlineData(97.66, "97.7")]
    [InlineData(0.001, "0.00100")]
    [InlineData(0.000999, "9.99e-04")]
    [InlineData(-0.0013, "-0.00130")]
    [InlineData(9.996, "10.0")]
    [InlineData(1234.5, "1230")]
    [InlineData(2.5e7, "2.50e+07")]
    [InlineData(0.0, "0")]
    [InlineData(-1e-300, "-1.00e-300")]
    [InlineData(double.NaN, "n/a")]
    public void Three_significant_figures_write_numbers_as_the_report_prints_them(double value, string expected) =>
        NumberFormat.SignificantFigures(3).Format(value).Should().Be(expected);

    [Theory]
    [InlineData(97.655, 2, "97.66")]
    [InlineData(11.35, 2, "11.35")]
    [InlineData(-0.001, 2, "0.00")]
    public void Fixed_decimals_round_and_never_print_negative_zero(double value, int decimals, string expected) =>
        NumberFormat.FixedDecimals(decimals).Format(value).Should().Be(expected);

    [Fact]
    public void Table_renders_aligned_columns_with_formatted_numbers()
    {
        var table = new MarkdownTable(
                new MarkdownColumn("init"),
                new MarkdownColumn("L1 std", ColumnAlignment.Right),
                new MarkdownColumn("test %", ColumnAlignment.Right, NumberFormat.FixedDecimals(2)),
                new MarkdownColumn("note", ColumnAlignment.Center))
            .AddRow("small_random", 0.0943, 11.35, "a|b")
            .AddRow("he", 5.95e-05, 97.85, null);

        table.ToString().Should().Be(
            "| init         |   L1 std | test % | note |\n" +
            "| :----------- | -------: | -----: | :--: |\n" +
            "| small_random |   0.0943 |  11.35 | a\\|b |\n" +
            "| he           | 5.95e-05 |  97.85 |      |\n");
        table.RowCount.Should().Be(2);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_rejected_naming_the_columns()
    {
        var table = new MarkdownTable(new MarkdownColumn("a"), new MarkdownColumn("b"));

        var act = () => table.AddRow(1.0);

        act.Should().Throw<ArgumentException>().WithMessage("*1 cells but the table has 2 columns (a, b)*");
    }

    [Fact]
    public void Significant_figures_outside_1_to_15_are_rejected()
    {
        var act = () => NumberFormat.SignificantFigures(0);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*got 0*");
    }
}
