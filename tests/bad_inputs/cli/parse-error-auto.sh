printf '5 Pullups\n1:75 Run\n' > bad.wod
"$WOD_RUN" bad.wod --auto > out.txt
status=$?
grep -q '^session ended: .*, 1 script error$' out.txt || { cat out.txt >&2; echo "summary does not count the error" >&2; exit 99; }
exit "$status"
