"""Recording fakes of the Twilio REST API and the Telegram Bot API, served on loopback."""
