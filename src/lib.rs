//! ratelink visitor widget (placeholder until the widget work lands).
