# fish completion for crm-sale(1), part of crm: record purchases and returns
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-sale -f
complete -c crm-sale -l db -r -F -d 'Database file'
complete -c crm-sale -l config -r -F -d 'Configuration file'
complete -c crm-sale -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-sale -l progress -d 'Force progress on standard error'
complete -c crm-sale -s h -l help -d 'Print usage and exit'
complete -c crm-sale -l version -d 'Print version and exit'
complete -c crm-sale -l key -x -a 'id card email' -d 'What the customer operand is'
complete -c crm-sale -l date -x -d 'Date of the sale or payment (YYYY-MM-DD)'
complete -c crm-sale -l cost -x -d 'Cost of the goods'
complete -c crm-sale -l ref -x -d 'Invoice number'
complete -c crm-sale -l item -x -d 'What was bought'
complete -c crm-sale -l unpaid -d 'Sale on credit'
complete -c crm-sale -l returns -x -d 'Ref of the sale this return gives back'
complete -c crm-sale -l reason -x -d 'Why a return came back (logged as a complaint)'
complete -c crm-sale -l staff -x -d 'Who served the customer'
complete -c crm-sale -l pay -x -d 'Mark a sale on credit as paid'
complete -c crm-sale -l keep-going -d 'Skip bad lines, write the good ones'
complete -c crm-sale -l rules -r -F -d 'Read a foreign export as the rules file says'
complete -c crm-sale -s v -l verbose -d 'List each return whose bonus the balance could not cover'
complete -c crm-sale -s n -l dry-run -d 'Check everything, write nothing'
