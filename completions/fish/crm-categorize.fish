# fish completion for crm-categorize(1), part of crm: move customers between categories; manage categories
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

# True while crm-categorize's first operand, CATEGORY, is still to come:
# no operand yet and no other mode (--list, --define, ...) chosen.
function __crm_categorize_needs_category
    set -l tokens (commandline -opc)
    # Seen as `crm categorize ...' (older fish): drop `crm' too.
    if string match -q -r '(^|/)crm$' -- $tokens[1]
        set -e tokens[1]
    end
    set -e tokens[1]
    set -l skip 0
    set -l operands 0
    for t in $tokens
        if test $operands = 1
            return 1
        else if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --list --define --rename --delete --load --history --undo \
                '--define=*' '--rename=*' '--delete=*' '--load=*' '--undo=*'
                return 1
            case --db --config --format --note --key --description \
                --discount --bonus --reassign --from --date
                set skip 1
            case --
                set operands 1
            case '-?*'
            case '*'
                return 1
        end
    end
    return 0
end

complete -c crm-categorize -f
complete -c crm-categorize -l db -r -F -d 'Database file'
complete -c crm-categorize -l config -r -F -d 'Configuration file'
complete -c crm-categorize -s q -l quiet -d 'Print no progress and no counts'
complete -c crm-categorize -l progress -d 'Force progress on standard error'
complete -c crm-categorize -s h -l help -d 'Print usage and exit'
complete -c crm-categorize -l version -d 'Print version and exit'
complete -c crm-categorize -s H -l no-header -d 'Omit the header line'
complete -c crm-categorize -l format -x -a 'tsv csv json' -d 'Output format'
complete -c crm-categorize -l note -x -d 'Note recorded with the change'
complete -c crm-categorize -l key -x -a 'id card email' -d 'What the operands are'
complete -c crm-categorize -s n -l dry-run -d 'Show what would change, write nothing'
complete -c crm-categorize -l from -x -a '(__crm_categories)' -d 'Move only customers now in these categories'
complete -c crm-categorize -l date -x -d 'Record the move as of a past date (YYYY-MM-DD)'
complete -c crm-categorize -l list -d 'List the categories'
complete -c crm-categorize -l define -x -a '(__crm_categories)' -d 'Create or change a category'
complete -c crm-categorize -l description -x -d 'Description of the category'
complete -c crm-categorize -l discount -x -d 'Discount percent (0-100)'
complete -c crm-categorize -l bonus -x -d 'Bonus percent (0-100)'
complete -c crm-categorize -l prepay -d 'Customers must pay in advance'
complete -c crm-categorize -l no-prepay -d 'Customers need not pay in advance'
complete -c crm-categorize -l rename -x -a '(__crm_categories)' -d 'Rename a category (new name follows)'
complete -c crm-categorize -l delete -x -a '(__crm_categories)' -d 'Delete a category'
complete -c crm-categorize -l reassign -x -a '(__crm_categories)' -d "Move the deleted category's customers to"
complete -c crm-categorize -l load -r -F -d 'Define the categories in a YAML file'
complete -c crm-categorize -l history -d 'List category changes'
complete -c crm-categorize -l undo -x -d 'Revert a batch'
complete -c crm-categorize -n __crm_categorize_needs_category -a '(__crm_categories)'
