#!/usr/bin/env bash
# Runs deploy/sweep.sbatch on a real single-node Slurm cluster and checks that a sharded, interrupted and
# resubmitted sweep merges to exactly what one process computes for the same grid.
#
#   sudo bash scripts/slurm-check.sh        # CI runs it as root from .ci/run
#
# Steps: install slurm-wlm and munge from apt when missing; start a private munged, slurmctld and slurmd
# (2 CPUs, CR_CPU_Memory, so two 1-CPU array tasks run at once); publish the CLI (or use $WEIGHTINIT);
# run the grid in one process; submit `sbatch --array=0-3 deploy/sweep.sbatch <grid>`; scancel task 0
# after its first cell and resubmit index 0; `sweep merge`; compare; stop every daemon it started.
#
# Nothing under /etc/slurm or /etc/munge is read or written and no default port is used: the cluster has
# its own slurm.conf (SLURM_CONF), ports, munge key and socket, all under $WEIGHTINIT_SLURM_DIR, so an
# existing Slurm or munge installation is left alone and a second run starts from a clean state.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${WEIGHTINIT_SLURM_DIR:-/var/tmp/weightinit-slurm-check}
run=$root/run                      # daemons' config, state, logs, sockets, pid files (recreated each run)
out=$root/out                      # the sweep outputs (recreated each run)
cli_dir=$root/cli                  # the published CLI (kept between runs; publish is incremental)
ctld_port=${WEIGHTINIT_SLURMCTLD_PORT:-16817}
slurmd_port=${WEIGHTINIT_SLURMD_PORT:-16818}
# The tiny grid: 16 cells of well under a second each on an idle 2-core machine, 4 per shard (so that task 0 still has
# cells to run when it is cancelled after its first); deploy/sweep.sbatch passes these options through.
grid=(--depths 3,6 --widths 128 --activations relu,tanh --inits xavier,he --seeds 2 --epochs 1 --train-subset 6000)
shards=4
node=$(hostname -s)

log() { printf '[slurm-check %3d s] %s\n' "$SECONDS" "$*"; }
fail() { log "FAILED: $*"; exit 1; }

# Waits up to $1 seconds for the command "$2..." to succeed.
wait_for() {
  local limit=$1; shift
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# Sends TERM to the process in pid file $1 if it is still the daemon named $2, then KILL after 10 s.
stop_pidfile() {
  local file=$1 name=$2 pid
  [[ -s $file ]] || return 0
  pid=$(<"$file")
  if [[ $pid =~ ^[0-9]+$ ]] && grep -qa "$name" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

# "pid command line" of every process whose command line contains $1 (read from /proc: no procps needed).
# The pattern goes to grep through a file so that grep's own command line does not match it.
processes_mentioning() {
  local file
  for file in $(grep -alF -f <(printf '%s\n' "$1") /proc/[0-9]*/cmdline 2>/dev/null); do
    { printf '%s %s\n' "$(basename "$(dirname "$file")")" "$(tr '\0' ' ' <"$file")"; } 2>/dev/null || true
  done
}

stop_cluster() {
  # End our jobs first so that no slurmstepd outlives slurmd.
  if [[ -s $run/slurmctld.pid ]] && scontrol ping >/dev/null 2>&1; then
    local jobs
    jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
    if [[ -n ${jobs// /} ]]; then
      log "cancelling jobs still queued: $jobs"
      # shellcheck disable=SC2086
      scancel $jobs 2>/dev/null || true
      wait_for 20 bash -c '[[ -z $(squeue -h 2>/dev/null) ]]' || log "jobs did not end within 20 s: $(squeue -h 2>&1 | tr '\n' ';')"
    fi
  fi
  stop_pidfile "$run/slurmd.pid" slurmd
  stop_pidfile "$run/slurmctld.pid" slurmctld
  stop_pidfile "$run/munge/munged.pid" munged
}

on_exit() {
  local status=$?
  trap - EXIT
  if ((status != 0)); then
    for f in "$run"/log/slurmctld.log "$run"/log/slurmd.log "$out"/logs/*.log; do
      [[ -f $f ]] && { echo "--- last lines of $f"; tail -n 15 "$f"; }
    done
  fi
  stop_cluster
  left=$(processes_mentioning "$root/")
  if (($(processes_mentioning 'slurmstepd:' | wc -l) > stepds_before)); then
    left+=" $(processes_mentioning 'slurmstepd:')"
  fi
  [[ -z $left ]] || { log "still running after cleanup: $left"; status=1; }
  log "$([[ $status == 0 ]] && echo passed || echo "failed (exit $status)") in $SECONDS s"
  exit "$status"
}

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null && command -v munged >/dev/null; then
    log "slurm $(slurmctld -V | cut -d' ' -f2) and munge already installed"
    return
  fi
  log "installing slurm-wlm and munge from apt"
  # No service may start during installation: the check starts its own daemons.
  local guard=
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$guard" && chmod +x "$guard"
  fi
  (
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends slurm-wlm munge
  ) </dev/null >"$root/apt.log" 2>&1 || { [[ -n $guard ]] && rm -f "$guard"; tail -n 20 "$root/apt.log"; fail "apt-get install slurm-wlm munge"; }
  [[ -n $guard ]] && rm -f "$guard"
  log "installed slurm $(slurmctld -V | cut -d' ' -f2)"
}

write_config() {
  local mem
  mem=$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)
  cat >"$run/etc/slurm.conf" <<EOF
# Written by scripts/slurm-check.sh: a one-node cluster for the sweep check.
ClusterName=weightinit-check
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$run/munge/munge.socket
StateSaveLocation=$run/state
SlurmdSpoolDir=$run/spool
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmctldLogFile=$run/log/slurmctld.log
SlurmdLogFile=$run/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
KillWait=5
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 RealMemory=$mem State=UNKNOWN
PartitionName=check Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

start_cluster() {
  mkdir -p "$run"/{etc,state,spool,log,munge}
  chown slurm:slurm "$run/state" "$run/log"
  chown munge:munge "$run/munge"
  chmod 755 "$run/munge"   # munged requires the socket folder to be searchable by all
  write_config
  export SLURM_CONF=$run/etc/slurm.conf

  # A private munged with its own key and socket (the system's /etc/munge is not used).
  su -s /bin/sh munge -c "/usr/sbin/mungekey --create --keyfile=$run/munge/munge.key" || fail "mungekey --create"
  su -s /bin/sh munge -c "/usr/sbin/munged --socket=$run/munge/munge.socket --key-file=$run/munge/munge.key \
    --pid-file=$run/munge/munged.pid --log-file=$run/munge/munged.log --seed-file=$run/munge/munged.seed" ||
    fail "munged did not start: $(tail -n 3 "$run/munge/munged.log" 2>/dev/null)"
  wait_for 10 test -s "$run/munge/munged.pid" || fail "munged wrote no pid file"
  munge --socket="$run/munge/munge.socket" -n | unmunge --socket="$run/munge/munge.socket" >/dev/null ||
    fail "munge -n | unmunge does not succeed on $run/munge/munge.socket"
  log "munged up (pid $(<"$run/munge/munged.pid"))"

  /usr/sbin/slurmctld -f "$SLURM_CONF" -c
  wait_for 30 scontrol ping || fail "slurmctld did not answer scontrol ping within 30 s"
  /usr/sbin/slurmd -f "$SLURM_CONF" -N "$node"
  wait_for 60 bash -c '[[ $(sinfo -h -N -o %t) == idle ]]' ||
    fail "node $node is not idle after 60 s: $(sinfo -h -N -o '%t %E')"
  log "slurmctld (pid $(<"$run/slurmctld.pid")) and slurmd (pid $(<"$run/slurmd.pid")) up: $(sinfo -h -N -o 'node %N %t, %c CPUs, %m MB')"
}

publish_cli() {
  if [[ -n ${WEIGHTINIT:-} ]]; then
    [[ -x $WEIGHTINIT ]] || fail "WEIGHTINIT=$WEIGHTINIT is not an executable (expected the published WeightInit.Experiments)"
    cli=$WEIGHTINIT
    log "using the CLI at $cli"
    return
  fi
  # CI has just built the solution in Release: publish that build unless a source is newer than it.
  local built=$repo/src/WeightInit.Experiments/bin/Release/net10.0/WeightInit.Experiments.dll mode=()
  if [[ -f $built && -z $(find "$repo/src" "$repo"/Directory.* -newer "$built" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit) ]]; then
    mode=(--no-build)
  fi
  log "publishing the CLI to $cli_dir${mode:+ from the Release build (--no-build)}"
  dotnet publish "$repo/src/WeightInit.Experiments" -c Release "${mode[@]}" -o "$cli_dir" --nologo -v quiet >"$root/publish.log" 2>&1 ||
    { tail -n 20 "$root/publish.log"; fail "dotnet publish src/WeightInit.Experiments"; }
  cli=$cli_dir/WeightInit.Experiments
}

# State of array task $1 as scontrol reports it (PENDING, RUNNING, COMPLETED, CANCELLED, ...).
task_state() { scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
results_in() { grep -c '"Key":' "$1" 2>/dev/null || true; }

run_check() {
  log "single process: weightinit sweep ${grid[*]}"
  env -u SLURM_ARRAY_TASK_ID -u SLURM_ARRAY_TASK_COUNT -u JOB_COMPLETION_INDEX \
    "$cli" sweep --out "$out/single" --threads 1 "${grid[@]}" >"$out/single.log" 2>&1 ||
    { cat "$out/single.log"; fail "the single-process sweep"; }
  local cells
  cells=$(results_in "$out/single/shard-000-of-001.sweep.json")
  log "single process: $cells cells ($(head -n 1 "$out/single.log"))"

  # One CPU and 1 GB per task (the template asks for 2 CPUs and 4 GB) so that two tasks share the node.
  local submit=(sbatch --parsable --cpus-per-task=1 --mem=1G --chdir="$out" --output="$out/logs/sweep-%A_%a.log")
  export SWEEP_OUT=$out/array WEIGHTINIT=$cli
  local job
  job=$("${submit[@]}" --array=0-$((shards - 1)) "$repo/deploy/sweep.sbatch" "${grid[@]}")
  log "submitted job array $job: sbatch --array=0-$((shards - 1)) deploy/sweep.sbatch ${grid[*]}"

  # Cancel task 0 while it runs, once its first cell is saved (so the resubmission has something to resume).
  local first=$out/array/shard-000-of-$(printf %03d $shards).sweep.json
  wait_for 120 test -s "$first" || fail "task ${job}_0 saved no cell within 120 s (state $(task_state "${job}_0"))"
  [[ $(task_state "${job}_0") == RUNNING ]] || fail "task ${job}_0 is $(task_state "${job}_0"), not RUNNING, when it should be cancelled"
  scancel "${job}_0"
  wait_for 30 bash -c "[[ \$(scontrol -o show job ${job}_0 | grep -o 'JobState=[A-Z]*') == JobState=CANCELLED ]]" ||
    fail "task ${job}_0 is $(task_state "${job}_0") after scancel, expected CANCELLED"
  local kept
  kept=$(results_in "$first")
  ((kept < cells / shards)) || fail "task ${job}_0 had finished all its cells before scancel; nothing was interrupted"
  log "scancel ${job}_0 while running: CANCELLED with $kept of $((cells / shards)) cells saved; $(squeue -h -j "$job" -o '%i %T' | tr '\n' ' ')"

  # Slurm numbers this submission's tasks 0..0 (SLURM_ARRAY_TASK_COUNT=1): SWEEP_SHARDS keeps the grid's 4 shards.
  local again
  again=$(SWEEP_SHARDS=$shards "${submit[@]}" --array=0 "$repo/deploy/sweep.sbatch" "${grid[@]}")
  log "resubmitted index 0 as job $again: SWEEP_SHARDS=$shards sbatch --array=0 deploy/sweep.sbatch ..."

  wait_for 180 bash -c "[[ -z \$(squeue -h -j $job,$again 2>/dev/null) ]]" || fail "jobs $job and $again did not finish within 180 s"
  log "all tasks ended: $({ scontrol -o show job "$job"; scontrol -o show job "$again"; } | sed -E 's/.*ArrayJobId=([0-9]+) ArrayTaskId=([0-9]+).*JobState=([A-Z_]+).*ExitCode=([0-9:]+).*/\1_\2 \3 (exit \4)/' | sort | paste -sd,)"
  for task in 1 2 3; do
    [[ $(task_state "${job}_$task") == COMPLETED ]] || fail "task ${job}_$task is $(task_state "${job}_$task")"
  done
  [[ $(task_state "${again}_0") == COMPLETED ]] || fail "the resubmitted task ${again}_0 is $(task_state "${again}_0")"
  grep -q "shard 0/$shards: $((cells / shards)) cells, $kept already done" "$out/logs/sweep-${again}_0.log" ||
    fail "the resubmitted task did not resume from the $kept saved cell(s): $(head -n 3 "$out/logs/sweep-${again}_0.log")"
  log "resubmitted task resumed: $(grep -o "shard 0/$shards: .* already done" "$out/logs/sweep-${again}_0.log")"

  "$cli" sweep merge --out "$out/array" | sed 's/^/    /' || fail "weightinit sweep merge --out $out/array"
  compare "$out/single/shard-000-of-001.sweep.json" "$out/array/merged.sweep.json" "$cells"
}

# Compares two sweep files record for record. Excluded: "Seconds" (each cell's wall time, which differs
# from run to run) and the file's "Shard" label ("0/1" against "merged"); the files hold no host names.
# Everything else is compared as text: schema, fingerprint, grid, and per cell its key, every metric, every
# activation std and the divergence flag. The files print doubles in shortest round-trip form, one text per
# value, so equal text means bit-identical numbers.
compare() {
  local single=$1 merged=$2 cells=$3
  local strip='/^ *"Seconds": /d; /^  "Shard": /d'
  sed -E "$strip" "$single" >"$out/single.compared"
  sed -E "$strip" "$merged" >"$out/merged.compared"
  [[ $(results_in "$merged") == "$cells" ]] || fail "the merge holds $(results_in "$merged") cells, the single process $cells"
  if ! diff -u "$out/single.compared" "$out/merged.compared" >"$out/compare.diff"; then
    head -n 40 "$out/compare.diff"
    fail "merged results differ from the single-process sweep (diff above)"
  fi
  log "merged = single process, bit for bit, in all $cells cells ($(grep -c '"test_accuracy"' "$merged") with test accuracy; fields compared: all but Seconds and Shard)"
}

[[ $(id -u) == 0 ]] || fail "run as root: the check installs packages and starts slurmctld, slurmd and munged"
mkdir -p "$root"
chmod 755 "$root"
stepds_before=$(processes_mentioning 'slurmstepd:' | wc -l)
trap on_exit EXIT
trap 'exit 130' INT TERM
log "start (node $node, working folder $root)"
install_packages
# A previous run that was killed may have left daemons: stop them by their pid files, then start clean.
if [[ -d $run ]]; then
  export SLURM_CONF=$run/etc/slurm.conf
  stop_cluster
fi
rm -rf "$run" "$out"
mkdir -p "$out/logs"
publish_cli
start_cluster
run_check
