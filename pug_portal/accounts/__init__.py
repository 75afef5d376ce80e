"""Accounts: the administrator's pages and the services behind them."""
