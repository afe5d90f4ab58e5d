package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	mailview "github.com/puente-science/puente/views/mail"
)

// Keys of Message.Data for KindNotification.
const (
	DataMessageKey = "message_key" // a notify.* catalog key
	DataParams     = "params"      // the notification's parameters, a JSON object
	DataPath       = "path"        // the site address the e-mail links to, e.g. /projects/12
)

// Where notification e-mail links to (DESIGN §8).
const (
	pathProjects      = "/projects/"
	pathReviews       = "/reviews"
	pathNotifications = "/notifications"
)

// reviewerKeys are the notifications addressed to a reviewer about their
// own work: they link to the reviewer's queue rather than the project.
var reviewerKeys = map[string]bool{"notify.review.assigned": true, "notify.review.reminder": true}

// placeholderLeft finds a {name} the parameters did not fill.
var placeholderLeft = regexp.MustCompile(`\{[a-z_]+\}`)

// notification is the e-mail copy of an in-app notification: its message,
// in the recipient's language, is the subject and the first paragraph.
func notification(ctx context.Context, msg Message, base string) (mailview.Email, error) {
	key := msg.Data[DataMessageKey]
	if !strings.HasPrefix(key, "notify.") || !i18n.Default().Has(i18n.EN, key) {
		return mailview.Email{}, fmt.Errorf("%w: %s %q is not a notification message", ErrMissingData, DataMessageKey, key)
	}
	args, err := notificationArgs(ctx, msg.Data[DataParams])
	if err != nil {
		return mailview.Email{}, err
	}
	text := i18n.T(ctx, key, args...)
	if m := placeholderLeft.FindString(text); m != "" {
		return mailview.Email{}, fmt.Errorf("%w: %s lacks the parameter %s", ErrMissingData, key, m)
	}
	path := msg.Data[DataPath]
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
		return mailview.Email{}, fmt.Errorf("%w: %s must be a site path", ErrMissingData, DataPath)
	}
	var button string
	switch {
	case strings.HasPrefix(path, pathProjects):
		button = i18n.T(ctx, "mail.notification.open_project")
	case path == pathReviews:
		button = i18n.T(ctx, "mail.notification.open_reviews")
	default:
		button = i18n.T(ctx, "mail.notification.open_notifications")
	}
	return mailview.Email{
		Subject:    text,
		Paragraphs: []string{text, i18n.T(ctx, "mail.notification.details")},
		Button:     mailview.Link{Label: button, URL: base + path},
		Notes:      []string{i18n.T(ctx, "mail.notification.in_app")},
		Footer:     []string{i18n.T(ctx, "mail.notification.reason")},
	}, nil
}

// notificationArgs turns stored parameters into the message's arguments,
// each on one line (they may end up in a subject).
func notificationArgs(ctx context.Context, params string) ([]any, error) {
	args, err := i18n.ParamArgs(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("%w: %s is not a JSON object", ErrMissingData, DataParams)
	}
	for i := 1; i < len(args); i += 2 {
		args[i] = OneLine(args[i].(string))
	}
	return args, nil
}

// NotificationPath is the address the e-mail copy of a notification links
// to: the reviewer's queue for their assignments, else the project, else
// the notification list.
func NotificationPath(n models.Notification) string {
	switch {
	case reviewerKeys[n.MessageKey]:
		return pathReviews
	case n.ProjectID != nil:
		return pathProjects + strconv.FormatInt(*n.ProjectID, 10)
	default:
		return pathNotifications
	}
}

// Notifier is the hook main and the tests install with Store.SetNotifier:
// it queues one e-mail per notification, in its recipient's language,
// inside the transaction that wrote the notifications, so the mail exists
// exactly when the change it announces does. The recipients are loaded in
// one query; inactive accounts get no mail. A notification that cannot be
// rendered (a message key missing from the catalogs) is logged and left
// in-app only: a translation slip must not undo a director's decision.
func Notifier(m *Mailer, s *models.Store) models.Notifier {
	return func(ctx context.Context, tx *gorm.DB, rows []models.Notification) error {
		ids := make([]int64, 0, len(rows))
		for _, n := range rows {
			if !slices.Contains(ids, n.UserID) {
				ids = append(ids, n.UserID)
			}
		}
		people, err := s.NotificationRecipients(ctx, tx, ids)
		if err != nil {
			return err
		}
		for _, n := range rows {
			p, ok := people[n.UserID]
			if !ok || !p.Active {
				continue
			}
			if _, err := mail.ParseAddress(p.Email); err != nil {
				m.log.Warn("notification mail skipped: unusable address", "notification", n.ID, "user", n.UserID)
				continue
			}
			msg := Message{To: p.Email, ToName: p.Name, Lang: i18n.Lang(p.Locale), Kind: KindNotification,
				Data: map[string]string{DataMessageKey: n.MessageKey, DataParams: n.Params, DataPath: NotificationPath(n)}}
			err := m.Queue(ctx, tx, msg, "notification:"+strconv.FormatInt(n.ID, 10))
			if errors.Is(err, ErrMissingData) || errors.Is(err, ErrUnknownKind) {
				m.log.Error("notification mail skipped", slog.Int64("notification", n.ID),
					slog.String("key", n.MessageKey), slog.String("error", err.Error()))
				continue
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
}
