# fish completion for crm-habits(1), part of crm: when and what customers buy, for promotions that fit them
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-habits -f
complete -c crm-habits -l db -r -F -d 'Database file'
complete -c crm-habits -l config -r -F -d 'Configuration file'
complete -c crm-habits -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-habits -l progress -d 'Force progress on standard error'
complete -c crm-habits -s h -l help -d 'Print usage and exit'
complete -c crm-habits -l version -d 'Print version and exit'
complete -c crm-habits -s H -l no-header -d 'Omit the header line'
complete -c crm-habits -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-habits -l as-of -x -d 'Report as of a date (YYYY-MM-DD)'
complete -c crm-habits -l from -x -d 'First day of the window (YYYY-MM-DD)'
complete -c crm-habits -l to -x -d 'Last day of the window (YYYY-MM-DD)'
complete -c crm-habits -l items -x -d 'Print at most N items in top_items (0-1000)'
complete -c crm-habits -l item -x -d 'List the buyers of items matching a pattern (any case, * ? [...])'
complete -c crm-habits -l since -x -d 'The same as --from (YYYY-MM-DD)'
complete -c crm-habits -l by -x -a 'weekday month item' -d 'Sum the purchases of all customers per group'
complete -c crm-habits -a - -d 'Read customer ids from standard input'
