"""What the link fields that inputs and types share mean, said once."""

LINK_EXPIRY = (
    "Until when the link can be used to book. A meeting booked before then may start later: "
    "startsBefore and the booking horizon bound that."
)
LINK_CUTOFF = "Meetings booked through the link must start before this instant."
