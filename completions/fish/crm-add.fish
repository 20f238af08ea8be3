# fish completion for crm-add(1), part of crm: register customers
# Keep the options in step with completions/bash/crm and completions/zsh/_crm.

# Category names (with descriptions) from `crm-categorize --list -H', run
# with the --db and --config given on the line; errors give no names.
function __crm_categories
    set -l args
    set -l tokens (commandline -opc)
    set -l n (count $tokens)
    for i in (seq 2 $n)
        switch $tokens[$i]
            case --db --config
                if test $i -lt $n
                    set -a args $tokens[$i] (string replace -r '^~/' "$HOME/" -- $tokens[(math $i + 1)])
                end
            case '--db=*' '--config=*'
                set -a args (string replace -r '=~/' "=$HOME/" -- $tokens[$i])
        end
    end
    crm-categorize $args --list -H </dev/null 2>/dev/null |
        string replace -r '^([^\t]*)(?:\t([^\t]*).*)?$' '$1\t$2'
end

complete -c crm-add -f
complete -c crm-add -l db -r -F -d 'Database file'
complete -c crm-add -l config -r -F -d 'Configuration file'
complete -c crm-add -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-add -l progress -d 'Force progress on standard error'
complete -c crm-add -s h -l help -d 'Print usage and exit'
complete -c crm-add -l version -d 'Print version and exit'
complete -c crm-add -l name -x -d 'Customer name'
complete -c crm-add -l email -x -d 'E-mail address'
complete -c crm-add -l phone -x -d 'Phone number'
complete -c crm-add -l card -x -d 'Loyalty card number'
complete -c crm-add -l category -x -a '(__crm_categories)' -d 'Category'
complete -c crm-add -l source -x -d 'Where the customer came from'
complete -c crm-add -l reason -x -d 'Why the customer chose us'
complete -c crm-add -l referred-by -x -d 'Id of the customer who referred them'
complete -c crm-add -l note -x -d 'Free-text note'
complete -c crm-add -l created -x -d 'Date of registration (YYYY-MM-DD)'
complete -c crm-add -l id -x -d 'Id to give the new customer'
complete -c crm-add -l update -d 'Update customers matched by card or e-mail'
complete -c crm-add -l keep-going -d 'Skip bad rows, write the good ones'
complete -c crm-add -l rules -r -F -d 'Read a foreign export as the rules file says'
complete -c crm-add -s n -l dry-run -d 'Show what would change, write nothing'
