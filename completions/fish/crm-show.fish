# fish completion for crm-show(1), part of crm: show a customer's profile
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

complete -c crm-show -f
complete -c crm-show -l db -r -F -d 'Database file'
complete -c crm-show -l config -r -F -d 'Configuration file'
complete -c crm-show -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-show -l progress -d 'Force progress on standard error'
complete -c crm-show -s h -l help -d 'Print usage and exit'
complete -c crm-show -l version -d 'Print version and exit'
complete -c crm-show -l key -x -a 'id card email' -d 'What the operands are'
complete -c crm-show -l as-of -x -d 'Profile as of a date (YYYY-MM-DD)'
complete -c crm-show -l model -x -a bgnbd -d 'Also show the probability that the customer is still active'
