# Invalid UTF-8 in a script used to be copied raw into the recording and the
# Chrome trace, which strict JSON readers reject. Every output is now valid
# UTF-8 (U+FFFD), the input gets a warning, and the recording replays.
printf '(2) R\xffunde\n  10 Pull\xc3ups\n  :30 Rest\n' > s.wod
"$WOD_RUN" s.wod --auto --record r.wodrec --export-trace t.json > table.txt
status=$?
"$WOD_RUN" s.wod --auto --format json > lines.jsonl || exit 97
python3 - <<'PY' || exit 98
import json
def lines(path):
    return open(path, 'rb').read().decode('utf-8').splitlines()
for path in ('r.wodrec', 'lines.jsonl'):
    for line in lines(path):
        json.loads(line)
json.loads(open('t.json', 'rb').read().decode('utf-8'))
open('table.txt', 'rb').read().decode('utf-8')
assert 'Pull\ufffdups' in open('r.wodrec', encoding='utf-8').read()
PY
"$WOD_RUN" --replay r.wodrec > replay.txt || { cat replay.txt >&2; exit 99; }
grep -q 'identical' replay.txt || exit 96
exit "$status"
