printf '5 Pullups\n1:75 Run\n' > bad.wod
"$WOD_RUN" bad.wod --auto --format json > out.txt
status=$?
tail -n 1 out.txt | grep -qF '"errors":1,"script_errors":1}}' || { tail -n 1 out.txt >&2; echo "summary does not count the error" >&2; exit 99; }
exit "$status"
