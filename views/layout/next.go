package layout

import (
	"context"

	"github.com/puente-science/puente/views/viewctx"
)

// nextURL is where the language switcher returns to: the same page.
func nextURL(ctx context.Context) string {
	r := viewctx.From(ctx)
	if r.Path == "" {
		return "/"
	}
	if r.Query != "" {
		return r.Path + "?" + r.Query
	}
	return r.Path
}
