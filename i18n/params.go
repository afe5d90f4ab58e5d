package i18n

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrParams says stored message parameters are not a JSON object.
var ErrParams = errors.New("i18n: message parameters are not a JSON object")

// ParamArgs turns message parameters stored as a JSON object (a
// notification's, say) into T's name/value arguments, in name order,
// formatted for the reader of ctx: strings named *_on holding a date are
// shown as dates, numbers as decimals. An empty text gives no arguments.
func ParamArgs(ctx context.Context, params string) ([]any, error) {
	if strings.TrimSpace(params) == "" {
		return nil, nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(params), &m); err != nil {
		return nil, ErrParams
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	args := make([]any, 0, 2*len(names))
	for _, k := range names {
		switch val := m[k].(type) {
		case string:
			if d, err := time.Parse("2006-01-02", val); err == nil && strings.HasSuffix(k, "_on") {
				val = Date(ctx, d)
			}
			args = append(args, k, val)
		case float64: // JSON numbers: counts and amounts
			args = append(args, k, Decimal(ctx, val, 2))
		default:
			args = append(args, k, fmt.Sprint(val))
		}
	}
	return args, nil
}
