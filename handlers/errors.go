package handlers

import (
	"errors"
	"log/slog"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// errCSRF is returned when a form's token does not match the cookie's.
var errCSRF = fiber.NewError(fiber.StatusForbidden, "csrf")

// handleError is the one place an error becomes a page: a translated error
// page (or an htmx fragment) with the right status; 5xx are logged once with
// the request id, and no stack trace or internal message reaches the reader.
func (h *Handler) handleError(c *fiber.Ctx, err error) error {
	status := fiber.StatusInternalServerError
	var (
		fe        *fiber.Error
		limited   *accounts.RateLimitError
		retryMins int
	)
	switch {
	case errors.Is(err, models.ErrNotFound):
		status = fiber.StatusNotFound
	case errors.As(err, &limited):
		status = fiber.StatusTooManyRequests
		secs := int(limited.RetryAfter.Seconds())
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
		retryMins = (secs + 59) / 60
	case errors.As(err, &fe):
		status = fe.Code
	}
	if status >= 500 {
		h.Log.Error("request failed", slog.String("request_id", requestIDOf(c)),
			slog.String("path", loggedPath(c.Path())), slog.String("error", err.Error()))
	}
	kind := errorKind(status, err)
	c.Response().ResetBody()
	c.Status(status)
	if c.Get("HX-Request") == "true" {
		return render(c, pages.ErrorFragment(kind))
	}
	return render(c, pages.ErrorPage(pages.ErrorView{Status: status, Kind: kind, RequestID: requestIDOf(c), RetryMinutes: retryMins}))
}

// errorKind names the message set an error page shows.
func errorKind(status int, err error) string {
	switch {
	case errors.Is(err, errCSRF):
		return "csrf"
	case status == fiber.StatusNotFound:
		return "not_found"
	case status == fiber.StatusForbidden:
		return "forbidden"
	case status == fiber.StatusUnauthorized:
		return "unauthorized"
	case status == fiber.StatusMethodNotAllowed:
		return "method"
	case status == fiber.StatusRequestEntityTooLarge:
		return "too_large"
	case status == fiber.StatusTooManyRequests:
		return "rate_limited"
	case status == fiber.StatusBadRequest:
		return "bad_request"
	case status == fiber.StatusServiceUnavailable:
		return "unavailable"
	case status >= 500:
		return "server"
	default:
		return "bad_request"
	}
}
