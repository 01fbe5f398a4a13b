package sandbox

// Persona is someone the page can play: an officer, the admin, a stranger.
type Persona struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Role   string `json:"role"`   // in words, for the list
	Agency string `json:"agency"` // the agency they enrol into; "" for the stranger
	Admin  bool   `json:"admin"`  // a bootstrap admin (admin_ids)
}

// Chat is a chat of the sandbox: a persona's private chat with the bot, an
// agency's group or the interagency coordination group.
type Chat struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Group  bool   `json:"group"`
	Owner  int64  `json:"owner,omitempty"`  // private: the persona whose chat it is
	Agency string `json:"agency,omitempty"` // group: the agency (or "coord") it is for
}

// The demo province: the coordinator's admin, officers of four agencies
// and a stranger; the groups of those agencies and the coordination group.
const (
	AdminID    int64 = 1001
	StrangerID int64 = 9001
)

// Personas of the demo province.
func Personas() []Persona {
	return []Persona{
		{ID: AdminID, Name: "Nguyễn Văn An", Role: "Quản trị viên — Sở LĐTBXH", Agency: "ldtbxh", Admin: true},
		{ID: 2001, Name: "Trần Thị Lan", Role: "Cán bộ Sở LĐTBXH", Agency: "ldtbxh"},
		{ID: 2002, Name: "Phạm Văn Hùng", Role: "Cán bộ Công an tỉnh", Agency: "congan"},
		{ID: 2003, Name: "Đỗ Thị Mai", Role: "Cán bộ Ban Quản lý các KCN", Agency: "bqlkcn"},
		{ID: 2004, Name: "Lê Minh Tuấn", Role: "Cán bộ Sở Công Thương", Agency: "congthuong"},
		{ID: StrangerID, Name: "Peter Smith", Role: "Người lạ (chưa ghi danh)"},
	}
}

// Chats of the demo province: each persona's private chat, then the groups.
func Chats(personas []Persona) []Chat {
	var out []Chat
	for _, p := range personas {
		out = append(out, Chat{ID: p.ID, Title: p.Name, Owner: p.ID})
	}
	return append(out,
		Chat{ID: -1001000000001, Title: "Nhóm Sở LĐTBXH", Group: true, Agency: "ldtbxh"},
		Chat{ID: -1001000000002, Title: "Nhóm Công an tỉnh", Group: true, Agency: "congan"},
		Chat{ID: -1001000000003, Title: "Nhóm Ban Quản lý các KCN", Group: true, Agency: "bqlkcn"},
		Chat{ID: -1001000000004, Title: "Nhóm Sở Công Thương", Group: true, Agency: "congthuong"},
		Chat{ID: -1001000000009, Title: "Nhóm phối hợp liên ngành", Group: true, Agency: "coord"},
	)
}
