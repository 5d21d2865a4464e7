# ZWSP (U+200B) and the fullwidth colon (U+FF1A) used to be parts of words,
# silently: --check now names each one at its column (warnings: exit 0).
printf '20\xef\xbc\x9a00 AMRAP\n  10 Pull\xe2\x80\x8bups\n' > s.wod
"$WOD_RUN" s.wod --check > check.txt
status=$?
for want in "s.wod:1:3: warning: fullwidth colon U+FF1A read as ':'" \
            's.wod:2:10: warning: invisible character U+200B ZERO WIDTH SPACE ignored'; do
  grep -qF "$want" check.txt || { cat check.txt >&2; echo "missing: $want" >&2; exit 99; }
done
"$WOD_RUN" s.wod --steps 'next; next' > out.txt || exit 98
grep -q 'AMRAP.*20:00' out.txt || { cat out.txt >&2; echo "no 20-minute AMRAP" >&2; exit 97; }
grep -q '10 Pullups' out.txt || { cat out.txt >&2; echo "no 'Pullups'" >&2; exit 96; }
exit "$status"
