"""GOV.UK Notify delivery-status callbacks."""
