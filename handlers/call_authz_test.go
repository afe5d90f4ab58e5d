package handlers_test

import (
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
)

func init() { extraSpecs = append(extraSpecs, callSpecs) }

// callSpecs: calls are public once published; a draft is a foreign record
// (404) to everyone but staff; the editor is for officers and admins.
func callSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	open := openCall(t, s, users["officer"])
	draft := draftCall(t, s, users["officer"])
	editors := []auth.Role{auth.Officer, auth.Admin}
	staffSeeDrafts := map[string]string{"officer": "", "director": "", "admin": ""}
	const missing = "/calls/99999999"
	return map[string]spec{
		"GET /calls":     {who: anyone, own: "/calls"},
		"GET /calls/new": {who: admins, roles: editors, own: "/calls/new"},
		"POST /calls":    {who: admins, roles: editors, own: "/calls"},
		"GET /calls/:id": {who: anyone, own: callURL(open, ""), foreign: callURL(draft, ""), missing: missing,
			foreignFor: staffSeeDrafts},
		"GET /calls/:id/edit":     {who: admins, roles: editors, own: callURL(draft, "/edit"), missing: missing + "/edit"},
		"POST /calls/:id":         {who: admins, roles: editors, own: callURL(draft, ""), missing: missing},
		"POST /calls/:id/publish": {who: admins, roles: editors, own: callURL(draft, "/publish"), missing: missing + "/publish"},
		"POST /calls/:id/close":   {who: admins, roles: editors, own: callURL(open, "/close"), missing: missing + "/close"},
	}
}
