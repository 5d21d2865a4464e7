# 63 nested `(2)` groups, each with a long label (the report had 9,900
# characters; 9,800 here keeps the deepest line under the 10,000-byte limit):
# every row used to repeat every label, and --auto printed 10 GB in 20 s.
# Rows now show 80 code points of each label, and --auto stops at its output
# bound.
label=$(head -c 9800 /dev/zero | tr '\0' L)
indent=""
for depth in $(seq 63); do
  echo "$indent(2) $label"
  indent="$indent  "
done > nested.wod
echo "$indent5 x" >> nested.wod
"$WOD_RUN" nested.wod --auto | wc -c > bytes.txt
status=${PIPESTATUS[0]}
bytes=$(cat bytes.txt)
[ "$bytes" -lt 70000000 ] || { echo "output not bounded: $bytes bytes" >&2; exit 99; }
exit "$status"
