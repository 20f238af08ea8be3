# fish completion for crm-thank(1), part of crm: log how customers were thanked
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-thank -f
complete -c crm-thank -l db -r -F -d 'Database file'
complete -c crm-thank -l config -r -F -d 'Configuration file'
complete -c crm-thank -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-thank -l progress -d 'Force progress on standard error'
complete -c crm-thank -s h -l help -d 'Print usage and exit'
complete -c crm-thank -l version -d 'Print version and exit'
complete -c crm-thank -s H -l no-header -d 'Omit the header line'
complete -c crm-thank -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-thank -l how -x -a 'coupon discount gift card call' -d 'How the customers were thanked'
complete -c crm-thank -l value -x -d "Value of the thanks, such as a coupon's worth"
complete -c crm-thank -l note -x -d 'Note kept with each row'
complete -c crm-thank -l date -x -d 'Date of the thanks (YYYY-MM-DD)'
complete -c crm-thank -l key -x -a 'id card email' -d 'What the operands are'
complete -c crm-thank -s n -l dry-run -d 'Print the rows that would be logged, write nothing'
complete -c crm-thank -l list -d 'List the thanks log'
complete -c crm-thank -l from -x -d 'With --list: first day (YYYY-MM-DD)'
complete -c crm-thank -l to -x -d 'With --list: last day (YYYY-MM-DD)'
complete -c crm-thank -l as-of -x -d 'With --list: the log as of a date (YYYY-MM-DD)'
complete -c crm-thank -a - -d 'With --list: read customer ids from standard input'
