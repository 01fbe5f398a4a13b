// Package coord is the domain of the coordination bot for a province's
// regulation on foreign workers (config.yaml names both): agencies, roles, obligations, the working-day calendar, the
// records the bot keeps and the interfaces the other packages implement.
//
// It imports nothing heavier than the standard library so that the rules of
// the regulation can be read, tested and reused without Telegram, SQL or
// Redis in the way.
package coord
