#!/usr/bin/env bash
# Runs one CLI case of the bad-input catalogue (tests/bad_inputs/cli/):
#
#   cli_case.sh WOD_RUN CASE.sh [asan]
#
# CASE.sh runs under bash in a fresh temporary directory (its cwd), with
# WOD_RUN (the binary) and CASE_DIR (that directory) in its environment and
# as $1 and $2, under a 1 GB address-space limit and a 25 s timeout. Its
# exit status must equal the `exit: N` line of CASE.expect and its stderr
# must contain every `stderr: TEXT` line (fixed strings).
set -u
wod_run=$1
case_sh=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")  # the case runs elsewhere
asan=${3:-0}
expect="${case_sh%.sh}.expect"
[ -f "$expect" ] || { echo "no $expect beside $case_sh" >&2; exit 1; }

want_exit=$(sed -n 's/^exit: *//p' "$expect")
[ -n "$want_exit" ] || { echo "$expect has no 'exit: N' line" >&2; exit 1; }

dir=$(mktemp -d)
err=$(mktemp)
trap 'rm -rf "$dir" "$err"' EXIT

(
  cd "$dir" || exit 1
  # ASan reserves terabytes of shadow address space up front, so an
  # RLIMIT_AS of 1 GB kills every ASan binary at start-up: the limit is set
  # only in builds without ASan (the timeout holds in both).
  if [ "$asan" != 1 ]; then ulimit -v 1048576; fi
  WOD_RUN="$wod_run" CASE_DIR="$dir" exec timeout 25 bash "$case_sh" \
    "$wod_run" "$dir"
) 2>"$err"
status=$?

fail=0
if [ "$status" = 124 ]; then
  echo "FAIL: timed out after 25 s" >&2
  fail=1
elif [ "$status" != "$want_exit" ]; then
  echo "FAIL: exit status $status, expected $want_exit" >&2
  fail=1
fi
while IFS= read -r want; do
  if ! grep -qF -- "$want" "$err"; then
    echo "FAIL: stderr lacks: $want" >&2
    fail=1
  fi
done < <(sed -n 's/^stderr: //p' "$expect")
if [ "$fail" != 0 ]; then
  echo "--- stderr of $(basename "$case_sh"):" >&2
  cat "$err" >&2
  exit 1
fi
echo "ok $(basename "$case_sh" .sh)"
