#!/usr/bin/env bash
# A private single-node Slurm for test/slurm.e2e.test.ts (Debian 12's slurm 22.05; .ci/run installs
# it). Everything lives in <dir>: the configuration, state, spool, logs and pid files; the daemons
# run as root on 127.0.0.1 with their own ports, without systemd, cgroups or munge (auth/none).
#
#   test/slurm/cluster.sh start <dir>   writes <dir>/slurm.conf, starts slurmctld and slurmd and
#                                       waits until the node is idle; then use SLURM_CONF=<dir>/slurm.conf
#   test/slurm/cluster.sh stop <dir>    cancels what is left and stops both daemons
set -euo pipefail

cmd=${1:?usage: cluster.sh start|stop <dir>}
dir=$(cd "${2:?usage: cluster.sh start|stop <dir>}" && pwd)
conf=$dir/slurm.conf
export SLURM_CONF=$conf
node=dse-node

stop() {
  scancel --quiet --full "--partition=dse" 2>/dev/null || true
  local name pid
  for name in slurmd slurmctld; do
    [[ -f $dir/$name.pid ]] || continue
    pid=$(cat "$dir/$name.pid")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  done
}

start() {
  mkdir -p "$dir/state" "$dir/spool"
  # Ports of their own (this machine may run other clusters): two free ones from the kernel.
  local ports
  ports=$(node -e '
    const net = require("node:net");
    const one = () => new Promise((ok) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); }); });
    (async () => { let a, b; do { a = await one(); b = a + 1; } while (b > 65535 || !(await new Promise((ok) => { const s = net.createServer().once("error", () => ok(false)).listen(b, "127.0.0.1", () => s.close(() => ok(true))); }))); console.log(a, b); })();')
  read -r ctld_port slurmd_port <<<"$ports"
  # The node as configured: at least 2 CPUs (the documented script asks for --cpus-per-task=2;
  # config_overrides lets a 1-CPU machine run it anyway) and less memory than the machine has.
  local cpus mem
  cpus=$(nproc)
  ((cpus >= 2)) || cpus=2
  mem=$(awk '/^MemTotal:/ { print int($2 / 1024 / 2) }' /proc/meminfo)
  # SchedulerParameters: start the next job as soon as one ends (the defaults wait about 3 s).
  cat >"$conf" <<CONF
ClusterName=dse-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/none
CredType=cred/none
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0
ReturnToService=2
SlurmdParameters=config_overrides
MinJobAge=600
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$node NodeHostname=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=dse Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
  slurmctld -c -f "$conf"
  slurmd -f "$conf" -N "$node"
  local state=''
  for _ in $(seq 300); do
    state=$(sinfo -h -n "$node" -o %t 2>/dev/null || true)
    [[ $state == idle ]] && return 0
    sleep 0.2
  done
  echo "cluster.sh: node $node not idle after 60 s (state: ${state:-none}); see $dir/slurmctld.log and $dir/slurmd.log" >&2
  tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
  stop
  return 1
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: cluster.sh start|stop <dir>" >&2
    exit 2
    ;;
esac
