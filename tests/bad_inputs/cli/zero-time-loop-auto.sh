# A 32-byte script whose rounds take no time: --auto ends quickly, prints a
# bounded table, and the first next records the cut loop as a runtime error.
printf '(999999999999999)\n  (0)\n    5 x\n' > loop.wod
"$WOD_RUN" loop.wod --auto > out.txt
status=$?
bytes=$(wc -c < out.txt)
[ "$bytes" -lt 200000 ] || { echo "output not bounded: $bytes bytes" >&2; exit 99; }
grep -q 'runtime error recorded: "Loop completed too many rounds' out.txt ||
  { head -c 2000 out.txt >&2; echo "no runtime error record" >&2; exit 99; }
grep -q '^session ended' out.txt || { echo "session did not end" >&2; exit 99; }
echo "zero-time loop cut, $bytes bytes" >&2
exit "$status"
