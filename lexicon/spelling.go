package lexicon

// BritishAmericanEndings pairs the ends of words, or of their parts, that British and American
// English spell apart — British first — as the sources on English spelling list them (for
// instance the Oxford English Dictionary's notes on -ise/-ize, and Webster's reforms of
// -our, -re, -ce, -mme, -ogue and doubled l): "organisation" and "organization", "analyse"
// and "analyze", "honour" and "honor", "centre" and "center", "defence" and "defense",
// "programme" and "program", "catalogue" and "catalog", "travelled" and "traveled". No
// ending is the end of another, so a word has at most one match on each side. Endings only:
// "ae" and "oe" inside a word ("manoeuvre") are left to the caller. The table is shared, not
// to be modified.
var BritishAmericanEndings = [][2]string{
	{"isation", "ization"}, {"ising", "izing"}, {"ised", "ized"}, {"ises", "izes"}, {"ise", "ize"},
	{"ysed", "yzed"}, {"ysing", "yzing"}, {"yse", "yze"},
	{"ourable", "orable"}, {"ouring", "oring"}, {"oured", "ored"}, {"ourer", "orer"}, {"ours", "ors"}, {"our", "or"},
	{"tres", "ters"}, {"tre", "ter"},
	{"ences", "enses"}, {"ence", "ense"},
	{"mmes", "ms"}, {"mme", "m"}, {"ogues", "ogs"}, {"ogue", "og"},
	{"lled", "led"}, {"lling", "ling"}, {"ller", "ler"},
}
