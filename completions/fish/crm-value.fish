# fish completion for crm-value(1), part of crm: customer value over periods, and by category, source or reason
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-value -f
complete -c crm-value -l db -r -F -d 'Database file'
complete -c crm-value -l config -r -F -d 'Configuration file'
complete -c crm-value -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-value -l progress -d 'Force progress on standard error'
complete -c crm-value -s h -l help -d 'Print usage and exit'
complete -c crm-value -l version -d 'Print version and exit'
complete -c crm-value -s H -l no-header -d 'Omit the header line'
complete -c crm-value -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-value -l as-of -x -d 'Report as of a date (YYYY-MM-DD)'
complete -c crm-value -l period -x -a 'day week month quarter year all' -d 'A row per period'
complete -c crm-value -l from -x -d 'First day of the window (YYYY-MM-DD)'
complete -c crm-value -l to -x -d 'Last day of the window (YYYY-MM-DD)'
complete -c crm-value -l by -x -a 'category source reason staff' -d 'Sum per group of customers or per staff member'
complete -c crm-value -l current -d 'With --by: count each sale for the group as of --as-of'
complete -c crm-value -l unpaid -d 'List the open credit'
complete -c crm-value -l predict -x -d "Forecast each customer's value over the next days"
complete -c crm-value -l summary -d 'With --predict: one summary row'
complete -c crm-value -l params -d 'With --predict: the fitted parameters'
complete -c crm-value -a - -d 'Read customer ids from standard input'
