package handlers

import (
	"bytes"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"
)

// render writes a templ component as the HTML response, with the request's
// context (language, CSRF token, user) so components can read it. It renders
// into a buffer first so a failure never leaves half a page.
func render(c *fiber.Ctx, component templ.Component) error {
	var buf bytes.Buffer
	if err := component.Render(c.UserContext(), &buf); err != nil {
		return err
	}
	c.Type("html", "utf-8")
	return c.Send(buf.Bytes())
}
