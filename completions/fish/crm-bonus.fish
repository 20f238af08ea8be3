# fish completion for crm-bonus(1), part of crm: loyalty card: bonus rate, balance, redemptions
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-bonus -f
complete -c crm-bonus -l db -r -F -d 'Database file'
complete -c crm-bonus -l config -r -F -d 'Configuration file'
complete -c crm-bonus -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-bonus -l progress -d 'Force progress on standard error'
complete -c crm-bonus -s h -l help -d 'Print usage and exit'
complete -c crm-bonus -l version -d 'Print version and exit'
complete -c crm-bonus -s H -l no-header -d 'Omit the header line'
complete -c crm-bonus -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-bonus -l as-of -x -d 'Balance as of a date (YYYY-MM-DD)'
complete -c crm-bonus -l list -d 'List every card'
complete -c crm-bonus -l redeem -x -d 'Redeem an amount from a card (amount follows)'
complete -c crm-bonus -l statement -x -d "The card's ledger with the balance after each line"
complete -c crm-bonus -l date -x -d 'Date of the redemption (YYYY-MM-DD)'
complete -c crm-bonus -s n -l dry-run -d 'With --redeem: check, print, write nothing'
