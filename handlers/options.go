package handlers

import (
	"slices"

	"golang.org/x/text/collate"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/views/components"
)

// sortOptions orders options by label in the reader's collation.
func sortOptions(opts []components.Option, lang i18n.Lang) {
	col := collate.New(lang.Tag(), collate.Loose)
	slices.SortStableFunc(opts, func(a, b components.Option) int { return col.CompareString(a.Label, b.Label) })
}

// sortGroupedOptions orders options by group, then label.
func sortGroupedOptions(opts []components.Option, lang i18n.Lang) {
	col := collate.New(lang.Tag(), collate.Loose)
	slices.SortStableFunc(opts, func(a, b components.Option) int {
		if r := col.CompareString(a.Group, b.Group); r != 0 {
			return r
		}
		return col.CompareString(a.Label, b.Label)
	})
}
