printf '5 Pullups\n1:75 Run\n' | "$WOD_RUN" - --steps "next; next" > out.txt
status=$?
[ "$(grep -c '^| ' out.txt)" -ge 3 ] || { cat out.txt >&2; echo "rows missing" >&2; exit 99; }
exit "$status"
