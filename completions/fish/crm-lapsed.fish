# fish completion for crm-lapsed(1), part of crm: customers not seen for a while
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-lapsed -f
complete -c crm-lapsed -l db -r -F -d 'Database file'
complete -c crm-lapsed -l config -r -F -d 'Configuration file'
complete -c crm-lapsed -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-lapsed -l progress -d 'Force progress on standard error'
complete -c crm-lapsed -s h -l help -d 'Print usage and exit'
complete -c crm-lapsed -l version -d 'Print version and exit'
complete -c crm-lapsed -s H -l no-header -d 'Omit the header line'
complete -c crm-lapsed -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-lapsed -l as-of -x -d 'Report as of a date (YYYY-MM-DD)'
complete -c crm-lapsed -l days -x -d 'List the customers silent for N days or more'
complete -c crm-lapsed -l include-never -d 'Also list the customers who never bought'
complete -c crm-lapsed -l include-lost -d 'Also judge the lost customers'
complete -c crm-lapsed -l auto -d 'List the customers silent for longer than usual'
complete -c crm-lapsed -l factor -x -d 'With --auto: the multiple of the usual gap'
complete -c crm-lapsed -l single -d 'With --auto: list the customers with fewer than two purchase days'
complete -c crm-lapsed -l model -x -a bgnbd -d 'List the customers by the probability that they are active'
complete -c crm-lapsed -l below -x -d 'With --model: the p_alive to list below'
complete -c crm-lapsed -l params -d 'With --model: print the fitted parameters'
complete -c crm-lapsed -a - -d 'Read customer ids from standard input'
