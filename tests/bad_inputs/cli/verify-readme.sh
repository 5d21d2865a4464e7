printf '# Scenarios\n\nEach file holds cases.\n\n```\n5 Pullups\n```\n' > README.md
: > other.md
"$WOD_RUN" --verify README.md other.md
