// Package viewctx carries what every page needs from the request — the
// current path, the CSRF token, the signed-in user, asset addresses — in the
// context that templ components receive.
package viewctx

import "context"

// User is what the layout shows of the signed-in user; never a GORM row.
type User struct {
	ID    int64
	Name  string
	Roles []string
}

// Has reports whether the user holds a role.
func (u *User) Has(role string) bool {
	for _, r := range u.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Request is the per-request view state.
type Request struct {
	Path      string // request path, for aria-current and the language switcher
	Query     string // raw query string, kept by the language switcher
	CSRF      string
	RequestID string
	User      *User
	Asset     func(name string) string
}

type ctxKey struct{}

// With returns ctx carrying r.
func With(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, ctxKey{}, r)
}

// From returns the request view state; an empty one outside a request.
func From(ctx context.Context) *Request {
	if r, ok := ctx.Value(ctxKey{}).(*Request); ok && r != nil {
		return r
	}
	return &Request{Asset: func(string) string { return "" }}
}

// AssetPath returns the hashed address of an embedded asset.
func AssetPath(ctx context.Context, name string) string {
	r := From(ctx)
	if r.Asset == nil {
		return ""
	}
	return r.Asset(name)
}

// Current reports whether the request is at or under the section path.
func Current(ctx context.Context, section string) bool {
	p := From(ctx).Path
	return p == section || (section != "/" && len(p) > len(section) && p[:len(section)] == section && p[len(section)] == '/')
}
