# fish completion for crm-lost(1), part of crm: record why customers left, win them back, and count what was lost
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-lost -f
complete -c crm-lost -l db -r -F -d 'Database file'
complete -c crm-lost -l config -r -F -d 'Configuration file'
complete -c crm-lost -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-lost -l progress -d 'Force progress on standard error'
complete -c crm-lost -s h -l help -d 'Print usage and exit'
complete -c crm-lost -l version -d 'Print version and exit'
complete -c crm-lost -s H -l no-header -d 'Omit the header line'
complete -c crm-lost -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-lost -l reason -x -d 'Why the customers left'
complete -c crm-lost -l date -x -d 'Date the customers were lost or won back (YYYY-MM-DD)'
complete -c crm-lost -l key -x -a 'id card email' -d 'What the operands are'
complete -c crm-lost -s n -l dry-run -d 'Print the customers that would change, write nothing'
complete -c crm-lost -l won-back -d 'Make lost customers active again'
complete -c crm-lost -l reasons -d 'Summarise the reasons'
complete -c crm-lost -l list -d 'List the lost customers'
complete -c crm-lost -l as-of -x -d 'With --reasons and --list: answer as of a date (YYYY-MM-DD)'
