"""The consultations' REST API, office side: consultations (opened, closed, answered with "you
said, we did") and their contributions (moderated). The public side is the portal's."""
