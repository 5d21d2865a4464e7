# 4,000 `+` compose lines in one group: each segment used to repeat the whole
# group label, 320 MB of output for 3 steps. Labels beyond 80 code points are
# cut in rows and records now, so the output grows with the script, not with
# its square.
{ echo '(2) Group'; for i in $(seq 4000); do echo "  + $i Pushups"; done; } > compose.wod
"$WOD_RUN" compose.wod --auto > out.txt
status=$?
bytes=$(wc -c < out.txt)
[ "$bytes" -lt 20000000 ] || { echo "output not bounded: $bytes bytes" >&2; exit 99; }
grep -q '^session ended' out.txt || { echo "session did not end" >&2; exit 99; }
echo "compose run printed $bytes bytes" >&2
exit "$status"
