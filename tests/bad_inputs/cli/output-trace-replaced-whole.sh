printf '5 Pullups\n' > w.wod
echo 'old trace, longer than nothing at all ................................' > t.json
"$WOD_RUN" w.wod --auto --export-trace t.json > /dev/null || exit 90
head -c 1 t.json | grep -q '{' || { echo "t.json is not the new trace" >&2; exit 99; }
grep -q 'old trace' t.json && { echo "old bytes remain" >&2; exit 98; }
[ "$(ls -A | wc -l)" = 2 ] || { ls -A >&2; echo "files left behind" >&2; exit 97; }
exit 0
