package handlers

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
)

// formString returns a trimmed copy of a form field: Fiber reuses its
// buffers, so a value kept past the handler must be copied.
func formString(c *fiber.Ctx, name string) string {
	return strings.TrimSpace(strings.Clone(c.FormValue(name)))
}

// formSecret returns a copy of a field that must not be trimmed (passwords).
func formSecret(c *fiber.Ctx, name string) string {
	return strings.Clone(c.FormValue(name))
}

// formInt returns a form field as a positive integer, or 0.
func formInt(c *fiber.Ctx, name string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(c.FormValue(name)), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// formValues returns copies of every value of a repeated field.
func formValues(c *fiber.Ctx, name string) []string {
	var out []string
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		if string(k) == name {
			out = append(out, strings.TrimSpace(string(v)))
		}
	})
	if mf, err := c.MultipartForm(); err == nil && mf != nil {
		for _, v := range mf.Value[name] {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

// fieldErrors returns the field errors inside err, if it is one.
func fieldErrors(err error) (accounts.FieldErrors, bool) {
	var fe accounts.FieldErrors
	if errors.As(err, &fe) {
		return fe, true
	}
	return nil, false
}
