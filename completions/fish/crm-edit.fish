# fish completion for crm-edit(1), part of crm: change customers' fields
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

complete -c crm-edit -f
complete -c crm-edit -l db -r -F -d 'Database file'
complete -c crm-edit -l config -r -F -d 'Configuration file'
complete -c crm-edit -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-edit -l progress -d 'Force progress on standard error'
complete -c crm-edit -s h -l help -d 'Print usage and exit'
complete -c crm-edit -l version -d 'Print version and exit'
complete -c crm-edit -l name -x -d 'New name'
complete -c crm-edit -l email -x -d 'New e-mail address (empty clears)'
complete -c crm-edit -l phone -x -d 'New phone number (empty clears)'
complete -c crm-edit -l card -x -d 'New loyalty card number (empty clears)'
complete -c crm-edit -l category -x -a '(__crm_categories)' -d 'Move to category'
complete -c crm-edit -l source -x -d 'Where the customer came from'
complete -c crm-edit -l reason -x -d 'Why the customer chose us'
complete -c crm-edit -l referred-by -x -d 'Id of the customer who referred them'
complete -c crm-edit -l note -x -d 'Free-text note'
complete -c crm-edit -l created -x -d 'Date of registration (YYYY-MM-DD)'
complete -c crm-edit -l key -x -a 'id card email' -d 'What the operands are'
complete -c crm-edit -s n -l dry-run -d 'Show what would change, write nothing'
