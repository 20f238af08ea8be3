# fish completion for crm-referrals(1), part of crm: who brought whom, what they brought, and whom to thank
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-referrals -f
complete -c crm-referrals -l db -r -F -d 'Database file'
complete -c crm-referrals -l config -r -F -d 'Configuration file'
complete -c crm-referrals -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-referrals -l progress -d 'Force progress on standard error'
complete -c crm-referrals -s h -l help -d 'Print usage and exit'
complete -c crm-referrals -l version -d 'Print version and exit'
complete -c crm-referrals -s H -l no-header -d 'Omit the header line'
complete -c crm-referrals -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-referrals -l as-of -x -d 'Report as of a date (YYYY-MM-DD)'
complete -c crm-referrals -l tree -x -d 'Print the tree of a customer (id)'
complete -c crm-referrals -l unthanked -d 'List the referrers with referrals no thank covers'
complete -c crm-referrals -a - -d 'Read customer ids from standard input'
