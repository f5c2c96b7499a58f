"""Minutes (протокол / хаттама) and Council decisions (решение / шешім): planners and rules."""
