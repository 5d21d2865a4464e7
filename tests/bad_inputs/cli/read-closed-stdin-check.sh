"$WOD_RUN" - --check <&-
