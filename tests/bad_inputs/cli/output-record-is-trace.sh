printf '5 Pullups\n' > w.wod
mkdir sub
"$WOD_RUN" w.wod --auto --record f --export-trace sub/../f > /dev/null
status=$?
[ ! -e f ] || { echo "f was created" >&2; exit 99; }
exit "$status"
