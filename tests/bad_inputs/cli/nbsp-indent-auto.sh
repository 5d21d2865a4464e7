# A line indented with NBSP (U+00A0, pasted from a web page) used to be a
# top-level line (and 'NBSP NBSP 10' one word): now it nests like spaces.
printf '(2)\n\xc2\xa0\xc2\xa010 Pullups\n' > nbsp.wod
printf '(2)\n  10 Pullups\n' > spaces.wod
"$WOD_RUN" nbsp.wod --auto > nbsp.txt || exit 97
"$WOD_RUN" spaces.wod --auto > spaces.txt || exit 98
cmp -s nbsp.txt spaces.txt || { diff nbsp.txt spaces.txt >&2; echo "NBSP does not indent like spaces" >&2; exit 99; }
"$WOD_RUN" nbsp.wod --check
