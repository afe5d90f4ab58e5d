package components

import (
	"strconv"

	"github.com/puente-science/puente/workflow"
)

func pct(f float64) string {
	if f < 0 {
		f = 0
	}
	if f > 1 {
		f = 1
	}
	return strconv.FormatFloat(f*100, 'f', 2, 64)
}

// StateBadgeClass is the badge class of a workflow state: its stage group,
// refined for the states that end badly or well.
func StateBadgeClass(s workflow.State) string {
	switch s {
	case workflow.Rejected, workflow.Withdrawn, workflow.ScreenedOut, workflow.Completed, workflow.Suspended:
		return "badge-state-" + string(s)
	}
	return "badge-" + string(workflow.StageOf(s))
}

func itoa(n int) string { return strconv.Itoa(n) }

type optionGroup struct {
	label   string
	options []Option
}

// groupOptions splits options into runs of the same group.
func groupOptions(options []Option) []optionGroup {
	var out []optionGroup
	for _, o := range options {
		if len(out) == 0 || out[len(out)-1].label != o.Group {
			out = append(out, optionGroup{label: o.Group})
		}
		out[len(out)-1].options = append(out[len(out)-1].options, o)
	}
	return out
}
