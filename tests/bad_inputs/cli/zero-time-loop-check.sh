# --check warns about the `(0)` that makes the loop run in zero time.
printf '(999999999999999)\n  (0)\n    5 x\n' > loop.wod
"$WOD_RUN" loop.wod --check > out.txt
status=$?
cat out.txt >&2
exit "$status"
