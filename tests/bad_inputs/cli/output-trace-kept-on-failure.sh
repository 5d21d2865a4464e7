printf '5 Pullups\n' > w.wod
echo '{"old":true}' > t.json
"$WOD_RUN" w.wod --auto --export-trace t.json > /dev/full
status=$?
[ "$(cat t.json)" = '{"old":true}' ] || { echo "t.json was replaced" >&2; exit 99; }
[ "$(ls -A | wc -l)" = 2 ] || { ls -A >&2; echo "files left behind" >&2; exit 98; }
exit "$status"
