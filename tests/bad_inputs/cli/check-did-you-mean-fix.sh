# docs/spec/language.md §12.3: --check prints each did-you-mean warning with
# its repair, --format json carries the fix-it, --check --fix prints the
# repaired script on stdout and never touches the file.
printf '3 rounds\n  10 Pullups\n5x5 Back Squat\n21-15-9\n  Thrusters\nEMOM 10\n  5 Burpees\nAMRAP 20 mins\n  \xc3\x9cbung (3 Rounds\n' > s.wod
cp s.wod before.wod
"$WOD_RUN" s.wod --check > check.txt
[ $? = 1 ] || { echo "--check must exit 1 (line 9 is an error)" >&2; exit 98; }
cat > want.txt <<'WANT'
s.wod:1:1: warning: '3 rounds' is read as reps and an effort and runs once; a round count needs parentheses (did you mean "(3)"?)
s.wod:3:1: warning: '5x5' is read as reps and an effort and runs once; sets are written as a round count in parentheses (did you mean "(5) 5"?)
s.wod:4:1: warning: '21-15-9' is read as reps and runs once; a rep scheme needs parentheses (did you mean "(21-15-9)"?)
s.wod:6:1: warning: 'EMOM 10' has no interval timer and runs once; an EMOM is a round count and an interval (did you mean "(10) :60 EMOM"?)
s.wod:8:1: warning: 'AMRAP 20 mins' has no timer and runs once; an AMRAP needs its time as a timer (did you mean "20:00 AMRAP"?)
s.wod:9:9: error: missing ')' to close '(' (did you mean "(3 Rounds)"?)
WANT
cmp -s check.txt want.txt || { diff want.txt check.txt >&2; echo "--check output differs" >&2; exit 97; }
"$WOD_RUN" s.wod --check --format json > check.json
grep -qF '"line":9,"column":9,"severity":"error","message":"missing' check.json || { cat check.json >&2; exit 96; }
grep -qF '"fix":{"line":9,"column":9,"end_column":18,"replacement":"(3 Rounds)"}' check.json || { cat check.json >&2; exit 96; }
"$WOD_RUN" s.wod --check --fix > fixed.wod
printf '(3)\n  10 Pullups\n(5) 5 Back Squat\n(21-15-9)\n  Thrusters\n(10) :60 EMOM\n  5 Burpees\n20:00 AMRAP\n  \xc3\x9cbung (3 Rounds)\n' > want.wod
cmp -s fixed.wod want.wod || { diff want.wod fixed.wod >&2; echo "--fix output differs" >&2; exit 95; }
cmp -s s.wod before.wod || { echo "--fix modified the file" >&2; exit 94; }
# The repaired script has nothing left to repair and parses cleanly.
"$WOD_RUN" fixed.wod --check > after.txt
[ ! -s after.txt ] || { cat after.txt >&2; exit 93; }
# The error of line 9 makes the original script's --check exit 1.
"$WOD_RUN" s.wod --check --format json > /dev/null
