// Package mail holds the HTML layout of Puente's e-mail: one table-based,
// inline-styled template, because mail clients ignore style sheets and many
// ignore modern CSS layout.
package mail

// Email is what one e-mail shows, already translated. The mail package
// renders the plain-text part from the same values, so both parts always
// say the same thing; the component itself only lays them out.
type Email struct {
	Lang       string // the html lang attribute, e.g. pt-BR
	Subject    string
	Preheader  string // the summary clients show beside the subject
	Brand      string
	Greeting   string
	Paragraphs []string
	Button     Link
	LinkHint   string   // what to do when the button does not work
	Notes      []string // after the button: validity, what to do if it was not you
	Secondary  Link     // optional, shown under the button
	Footer     []string // why they got it
	SiteURL    string
}

// Link is a labelled address.
type Link struct {
	Label string
	URL   string
}
