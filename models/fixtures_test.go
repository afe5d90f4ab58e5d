package models

import (
	"strings"
	"time"

	"github.com/puente-science/puente/workflow"
)

// fixture is a row the schema tests insert. Full rows set every column to
// a non-zero value (pointers set, booleans true) so a round trip exercises
// each one; support rows only satisfy foreign keys and partial indexes.
type fixture struct {
	value   any
	support bool
}

func fxPtr[T any](v T) *T { return &v }

// fxTime has sub-second precision, truncated to what PostgreSQL keeps.
var fxTime = time.Date(2024, 3, 5, 6, 7, 8, 123456789, time.UTC).Truncate(time.Microsecond)

func fxAt(days int) time.Time   { return fxTime.AddDate(0, 0, days) }
func fxAtP(days int) *time.Time { return fxPtr(fxAt(days)) }

// fxTexts fills every language so Texts round-trips in full.
func fxTexts(s string) Texts {
	return Texts{EN: fxPtr(s + " en"), ES: fxPtr(s + " es"), PT: fxPtr(s + " pt"), ZH: fxPtr(s + " 中文")}
}

func fxNames(s string) Names {
	return Names{EN: s + " en", ES: s + " es", PT: s + " pt", ZH: s + " 中文"}
}

// schemaFixtures returns one full row of every model, and the support rows
// they need, in foreign-key order. Every table has id 1 for its full row.
func schemaFixtures() []fixture {
	return []fixture{
		{value: &Country{ISO2: "BR", ISO3: "BRA", Name: fxNames("Brazil"), LAC: true,
			Subregion: SubregionSouthAmerica, Sovereign: true, AdministeringISO2: fxPtr("PT"),
			PRCRelationsSince: fxPtr(1974), Tier: fxPtr(TierEstablished), Priority: true, UpdatedAt: fxTime}},
		{support: true, value: &Country{ISO2: "CN", ISO3: "CHN", Name: fxNames("China"),
			Subregion: SubregionEastAsia, Sovereign: true, UpdatedAt: fxTime}},
		{value: &Indicator{Code: "SP.POP.TOTL", Unit: "people", SourceKind: "world_bank"}},
		{value: &CountryIndicator{ID: 1, CountryISO2: fxPtr("BR"), IndicatorCode: "SP.POP.TOTL",
			Year: 2016, Value: 206163058.5, Source: "World Bank WDI", Note: fxPtr("mid-year")}},
		{support: true, value: &CountryIndicator{ID: 2, IndicatorCode: "SP.POP.TOTL",
			Year: 2016, Value: 630000000, Source: "World Bank WDI"}},
		{support: true, value: &Discipline{Code: "1", Level: 1, Position: 100, Name: fxNames("Natural sciences")}},
		{value: &Discipline{Code: "1.5", ParentCode: fxPtr("1"), Level: 2, Position: 105,
			Name: fxNames("Earth and related environmental sciences")}},
		{value: &PriorityArea{ID: 1, Slug: "biodiversity", Name: fxNames("Biodiversity"),
			Description: fxTexts("Plants and animals"), TargetShareBP: 2500, Position: 1}},
		{value: &PriorityAreaDiscipline{PriorityAreaID: 1, DisciplineCode: "1.5"}},
		{value: &Setting{Key: SettingPriorityCountriesTargetBP, Value: "6000"}},
		{support: true, value: &Institution{ID: 1, Name: "Ministry", CountryISO2: "BR",
			Type: InstitutionGovernmentAgency, CreatedAt: fxTime}},
		{value: &Institution{ID: 2, Name: "National Institute for Space Research",
			NameLocal: fxPtr("Instituto Nacional de Pesquisas Espaciais"), CountryISO2: "BR",
			Type: InstitutionResearchInstitute, RORID: fxPtr("https://ror.org/04xbn6x09"),
			OwnInstitute: true, ParentID: fxPtr(int64(1)), CreatedAt: fxTime}},
		{value: &User{ID: 1, Email: "ana@example.org", Name: "Ana Souza", PasswordHash: fxPtr("$argon2id$hash"),
			EmailVerifiedAt: fxAtP(1), InstitutionID: fxPtr(int64(2)), CountryISO2: fxPtr("BR"),
			CareerLevel: fxPtr(CareerSeniorScientist), Locale: "pt", TimeZone: "America/Sao_Paulo",
			ORCID: fxPtr("0000-0002-1825-0097"), TOTPSecret: fxPtr("JBSWY3DPEHPK3PXP"), TOTPEnabled: true, TOTPLastStep: 59000000,
			Active: true, CalendarTokenHash: fxPtr("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"), CreatedAt: fxTime, UpdatedAt: fxAt(2), LastLoginAt: fxAtP(3)}},
		{value: &UserRole{UserID: 1, Role: RoleOfficer, GrantedAt: fxTime}},
		{value: &RecoveryCode{ID: 1, UserID: 1, CodeHash: strings.Repeat("ab", 32), CreatedAt: fxTime, UsedAt: fxAtP(1)}},
		{value: &AuthAttempt{ID: 1, Key: "login:acct:ana@example.org", At: fxAt(1)}},
		{value: &Session{ID: "s-1", UserID: 1, CreatedAt: fxTime, LastSeenAt: fxAt(1), ExpiresAt: fxAt(30),
			RevokedAt: fxAtP(2), IP: "192.0.2.1", UserAgent: "test"}},
		{value: &UserToken{ID: 1, UserID: 1, Purpose: PurposeResetPassword, TokenHash: "hash-1",
			CreatedAt: fxTime, ExpiresAt: fxAt(1), UsedAt: fxAtP(1)}},
		{value: &FundingChannel{ID: 1, Slug: "pifi", Name: fxNames("PIFI"), Sponsor: "Academy",
			Kind: ChannelTalentProgramme, AnnualBudgetMinor: 500000000, Currency: "CNY",
			StableMultiyear: true, Active: true, CreatedAt: fxTime}},
		{value: &ChannelProjectType{ChannelID: 1, ProjectType: TypeTalentExchange}},
		{value: &Call{ID: 1, ChannelID: 1, Code: "PIFI-2025-1", Title: fxTexts("Call"), Body: fxTexts("Body"),
			OpensAt: fxTime, ClosesAt: fxAt(60), TimeZone: "Asia/Shanghai", BudgetCapMinor: 30000000,
			Currency: "CNY", MinReviews: 2, ReportFrequencyMonths: 6, Status: CallPublished, CreatedBy: 1,
			CreatedAt: fxTime, UpdatedAt: fxAt(1), PublishedAt: fxAtP(1), Version: 3}},
		{value: &CallProjectType{CallID: 1, ProjectType: TypeTalentExchange}},
		{value: &CallCountry{CallID: 1, CountryISO2: "BR"}},
		{value: &CallDiscipline{CallID: 1, DisciplineCode: "1.5"}},
		{value: &RubricCriterion{ID: 1, CallID: 1, Position: 1, Name: fxTexts("Merit"),
			Guidance: fxTexts("Guidance"), Weight: 3}},
		{value: &Project{ID: 1, Code: "PU-2024-00001", CallID: fxPtr(int64(1)), ChannelID: 1,
			Type: TypeTalentExchange, State: workflow.Active, Version: 7, ReviewRound: 2, Lang: "es",
			Title: fxTexts("Title"), Summary: fxTexts("Summary"), PIUserID: 1, OfficerID: fxPtr(int64(1)),
			HostInstitutionID: fxPtr(int64(2)), PriorityAreaID: fxPtr(int64(1)),
			LeadCountryISO2: fxPtr("BR"), PrimaryDisciplineCode: fxPtr("1.5"), Currency: "CNY",
			RequestedMinor: 25000000, AwardedMinor: fxPtr(int64(20000000)), DisbursedMinor: 10000000,
			Year: 2024, PlannedStart: &Date{2024, 9, 1}, PlannedEnd: &Date{2025, 8, 31},
			ActualStart: &Date{2024, 10, 1}, ActualEnd: &Date{2025, 9, 30}, SubmittedAt: fxAtP(1),
			DecidedAt: fxAtP(20), StateChangedAt: fxAt(40), OutcomeRating: fxPtr(4),
			ClosingRemarks: fxPtr("done"), CreatedAt: fxTime, UpdatedAt: fxAt(40)}},
		{value: &TalentExchangeDetails{ProjectID: 1, CareerLevel: fxPtr(CareerStudentOrYoungResearcher),
			Direction: fxPtr(DirectionToChina), HostInstitutionID: fxPtr(int64(2)), Months: fxPtr(12),
			StipendMinor: fxPtr(int64(1200000))}},
		{value: &JointLabDetails{ProjectID: 1, LabName: "Joint molecular laboratory",
			PartnerInstitutionID: fxPtr(int64(2)), CoDirectors: "A; B", Facilities: "sequencers",
			ResearchLines: "barcoding"}},
		{value: &PlatformDetails{ProjectID: 1, SiteCountryISO2: fxPtr("BR"), Phase: fxPtr(2),
			Facilities: "magnetometers", InternationalOrgStatus: true}},
		{value: &ResearchProjectDetails{ProjectID: 1, WorkPackages: "WP1", ExpectedOutputs: "papers"}},
		{value: &TechnologyTransferDetails{ProjectID: 1, Deliverables: "150 MeV linac",
			ContractValueMinor: fxPtr(int64(990000000)), DeliveryMilestones: "2018"}},
		{value: &DialogueDetails{ProjectID: 1, Format: fxPtr(FormatWorkshop), Participants: "BR 10, CN 5",
			StartsOn: &Date{2024, 11, 4}, EndsOn: &Date{2024, 11, 8}}},
		{value: &ProjectCountry{ProjectID: 1, CountryISO2: "BR", Lead: true}},
		{value: &ProjectDiscipline{ProjectID: 1, DisciplineCode: "1.5", IsPrimary: true}},
		{value: &ProjectInstitution{ProjectID: 1, InstitutionID: 2, Role: InstitutionRoleHost}},
		{value: &BudgetLine{ID: 1, ProjectID: 1, Category: BudgetStipends, AmountMinor: 25000000, Note: fxPtr("12 months")}},
		{value: &Report{ID: 1, ProjectID: 1, Kind: ReportProgress, Seq: 1, PeriodStart: &Date{2024, 10, 1},
			PeriodEnd: &Date{2025, 3, 31}, DueOn: Date{2025, 4, 30}, Status: ReportAccepted,
			Narrative: fxPtr("progress"), SubmittedAt: fxAtP(50), ReviewedAt: fxAtP(55), ReviewedBy: fxPtr(int64(1)),
			ReviewComment: fxPtr("fine"), Version: 2, CreatedAt: fxTime, UpdatedAt: fxAt(55)}},
		{value: &Attachment{ID: 1, ProjectID: 1, ReportID: fxPtr(int64(1)), Kind: AttachmentReport,
			Filename: "report.pdf", StorageKey: "ab/cdef", ContentType: "application/pdf", SizeBytes: 12345,
			SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", UploadedBy: 1, CreatedAt: fxTime}},
		{value: &ReviewAssignment{ID: 1, ProjectID: 1, ReviewerID: 1, AssignedBy: 1, AssignedAt: fxTime,
			DueOn: &Date{2024, 4, 1}, Status: AssignmentSubmitted, ConflictDeclaredAt: fxAtP(1),
			ConflictNote: fxPtr("none after all"), RemindedAt: fxAtP(2), Round: 2}},
		{value: &Review{ID: 1, AssignmentID: 1, Recommendation: fxPtr(RecommendFundWithChanges),
			CommentApplicant: "good", CommentConfidential: "very good", WeightedScoreCenti: fxPtr(425),
			SubmittedAt: fxAtP(5), CreatedAt: fxTime, UpdatedAt: fxAt(5)}},
		{value: &ReviewScore{ReviewID: 1, CriterionID: 1, Score: 4}},
		{value: &Decision{ID: 1, ProjectID: 1, Decision: DecisionApprove, DirectorID: 1,
			AwardMinor: fxPtr(int64(20000000)), Conditions: fxPtr("report yearly"), Comment: fxPtr("yes"), DecidedAt: fxAt(20)}},
		{value: &Agreement{ID: 1, ProjectID: 1, SignedOn: Date{2024, 9, 15}, StartsOn: Date{2024, 10, 1},
			EndsOn: Date{2025, 9, 30}, Conditions: fxPtr("none"), RecordedBy: 1, CreatedAt: fxTime}},
		{value: &Tranche{ID: 1, ProjectID: 1, AgreementID: 1, Seq: 1, PlannedOn: Date{2024, 10, 1},
			AmountMinor: 10000000, Status: TranchePaid, PaidOn: &Date{2024, 10, 3}, UpdatedAt: fxTime}},
		{value: &ReportSpending{ReportID: 1, Category: BudgetStipends, AmountMinor: 6000000}},
		{value: &ReportReminder{ReportID: 1, DueOn: Date{2025, 4, 30}, Kind: ReminderOverdue, Seq: 2, SentAt: fxAt(60)}},
		{value: &Output{ID: 1, ProjectID: 1, ReportID: fxPtr(int64(1)), Kind: OutputPublication,
			Title: "A paper", DOI: fxPtr("10.1000/xyz123"), Year: 2025, Venue: fxPtr("Journal"), Coauthored: true,
			CareerLevel: fxPtr(CareerSeniorScientist), Direction: fxPtr(DirectionToLatinAmerica),
			PeopleCount: fxPtr(3), Description: fxPtr("desc"), URL: fxPtr("https://example.org/p"), CreatedAt: fxTime}},
		{value: &OutputCountry{OutputID: 1, CountryISO2: "BR"}},
		{value: &AuditEntry{ID: 1, At: fxTime, ActorID: fxPtr(int64(1)), Action: "project.approve",
			Entity: "project", EntityID: fxPtr(int64(1)), ProjectID: fxPtr(int64(1)),
			FromState: fxPtr("review_complete"), ToState: fxPtr("approved"), Comment: fxPtr("ok"),
			IP: fxPtr("192.0.2.1"), RequestID: fxPtr("req-1"), Meta: fxPtr(`{"award_minor":20000000}`)}},
		// The audit entry above opened stay 1 (by trigger); this one ended.
		{value: &StateStayRow{ID: 2, ProjectID: 1, State: "in_review", EnteredAt: fxAt(-30), LeftAt: fxAtP(-2), Tenths: fxPtr(int64(280))}},
		{value: &Notification{ID: 1, UserID: 1, Kind: "project.state", ProjectID: fxPtr(int64(1)),
			MessageKey: "notify.project.approved", Params: `{"code":"PU-2024-00001"}`, CreatedAt: fxTime, ReadAt: fxAtP(1)}},
		{value: &MailOutbox{ID: 1, ToAddress: "ana@example.org", ToName: "Ana", Locale: "pt", Subject: "Aprovado",
			BodyText: "text", BodyHTML: "<p>html</p>", Status: MailSent, Attempts: 1, NextAttemptAt: fxTime,
			LastError: fxPtr("temporary"), DedupeKey: fxPtr("approved:1"), CreatedAt: fxTime, SentAt: fxAtP(1)}},
	}
}
