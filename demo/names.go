package demo

import (
	"math/rand/v2"
	"strings"
)

// Name pools for generated people: common given names and surnames, drawn
// at random, so no real person is described.
var (
	ptGiven = []string{"Ana", "Maria", "Juliana", "Fernanda", "Camila", "Beatriz", "Larissa", "Patrícia", "Aline",
		"Carolina", "Mariana", "Luana", "Gabriela", "Renata", "Tatiane", "João", "Pedro", "Lucas", "Gabriel",
		"Rafael", "Bruno", "Felipe", "Thiago", "Gustavo", "Rodrigo", "Marcelo", "Leonardo", "André", "Eduardo", "Paulo"}
	ptSurname = []string{"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
		"Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira",
		"Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas"}
	esGiven = []string{"María", "José", "Juan", "Carlos", "Luis", "Ana", "Sofía", "Valentina", "Camila", "Diego",
		"Andrés", "Javier", "Alejandro", "Fernanda", "Daniela", "Gabriela", "Ricardo", "Jorge", "Lucía", "Martina",
		"Mateo", "Sebastián", "Paula", "Carolina", "Miguel", "Pablo", "Isabel", "Elena", "Héctor", "Raúl"}
	esSurname = []string{"García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
		"Gómez", "Díaz", "Torres", "Ramírez", "Flores", "Rojas", "Vargas", "Castro", "Morales", "Herrera", "Medina",
		"Romero", "Álvarez", "Ruiz", "Mendoza", "Ortiz", "Castillo", "Guerrero", "Chávez", "Hernández", "Jiménez", "Navarro"}
	andeanSurname = []string{"Quispe", "Mamani", "Huamán", "Condori", "Choque", "Flores", "Ramos", "Vargas"}
	enGiven       = []string{"Andre", "Kimberly", "Marcia", "Damion", "Shanice", "Kevin", "Tamara", "Omar", "Nicole", "Ryan"}
	enSurname     = []string{"Brown", "Williams", "Campbell", "Smith", "Johnson", "Clarke", "Thompson", "Francis", "Reid", "Morgan"}
	frGiven       = []string{"Marie", "Jean", "Claire", "Luc", "Sophie", "Pierre", "Émilie", "Nicolas", "Léa", "Julien"}
	frSurname     = []string{"Martin", "Bernard", "Thomas", "Robert", "Petit", "Durand", "Lefèvre", "Laurent", "Michel", "Moreau"}
	zhSurname     = []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
		"Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao"}
	zhGiven = []string{"Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hui", "Ping", "Tao", "Xiaoming", "Lihua",
		"Jianguo", "Yufei", "Haiyan", "Zhiqiang", "Xin", "Qing", "Hong", "Yuting"}
)

// countryStyle is how people of a country are named, which language they
// use in Puente and their time zone.
type countryStyle struct {
	names    string // "pt", "es", "andean", "en", "fr"
	locale   string
	timeZone string
}

var countryStyles = map[string]countryStyle{
	"BR": {"pt", "pt", "America/Sao_Paulo"}, "MX": {"es", "es", "America/Mexico_City"},
	"AR": {"es", "es", "America/Argentina/Buenos_Aires"}, "CL": {"es", "es", "America/Santiago"},
	"CO": {"es", "es", "America/Bogota"}, "PE": {"andean", "es", "America/Lima"},
	"EC": {"andean", "es", "America/Guayaquil"}, "UY": {"es", "es", "America/Montevideo"},
	"VE": {"es", "es", "America/Caracas"}, "CU": {"es", "es", "America/Havana"},
	"BO": {"andean", "es", "America/La_Paz"}, "CR": {"es", "es", "America/Costa_Rica"},
	"PA": {"es", "es", "America/Panama"}, "PY": {"es", "es", "America/Asuncion"},
	"GT": {"es", "es", "America/Guatemala"}, "DO": {"es", "es", "America/Santo_Domingo"},
	"PR": {"es", "es", "America/Puerto_Rico"}, "JM": {"en", "en", "America/Jamaica"},
	// French is not one of Puente's languages; French Guianese users get English.
	"GF": {"fr", "en", "America/Cayenne"},
}

func styleOf(iso2 string) countryStyle {
	if s, ok := countryStyles[iso2]; ok {
		return s
	}
	return countryStyle{"es", "es", "UTC"}
}

// personName returns a plausible full name in the style of a country:
// Brazilians often carry two surnames, Spanish speakers their father's and
// mother's.
func personName(r *rand.Rand, style string) string {
	switch style {
	case "pt":
		name := oneOf(r, ptGiven)
		if chance(r, 0.5) {
			name += " " + oneOf(r, ptSurname)
		}
		return name + " " + oneOf(r, ptSurname)
	case "es", "andean":
		surnames := esSurname
		if style == "andean" && chance(r, 0.5) {
			surnames = andeanSurname
		}
		name := oneOf(r, esGiven) + " " + oneOf(r, surnames)
		if chance(r, 0.5) {
			name += " " + oneOf(r, esSurname)
		}
		return name
	case "en":
		return oneOf(r, enGiven) + " " + oneOf(r, enSurname)
	case "fr":
		return oneOf(r, frGiven) + " " + oneOf(r, frSurname)
	}
	return oneOf(r, zhSurname) + " " + oneOf(r, zhGiven) // Chinese order: surname first
}

// emailLocal turns a name into the ASCII local part of an address.
func emailLocal(name string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(name) {
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteRune(c)
		case c == ' ' || c == '-':
			b.WriteByte('.')
		default:
			if a, ok := unaccent[c]; ok {
				b.WriteByte(a)
			}
		}
	}
	return b.String()
}

var unaccent = map[rune]byte{
	'á': 'a', 'à': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u', 'ç': 'c', 'ñ': 'n',
}
